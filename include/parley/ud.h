/* parley/ud.h - Universal Dependencies inventories used across parley.
 *
 * Tags and relations are small integers so the tagger, the parser and the
 * coder compare integers, not strings. The name tables (ud.c) map both ways.
 * The inventories are those of UD English EWT and GUM v2.16. */
#ifndef PARLEY_UD_H
#define PARLEY_UD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_upos {
    PARLEY_UPOS_NONE = 0,
    PARLEY_UPOS_ADJ, PARLEY_UPOS_ADP, PARLEY_UPOS_ADV, PARLEY_UPOS_AUX, PARLEY_UPOS_CCONJ,
    PARLEY_UPOS_DET, PARLEY_UPOS_INTJ, PARLEY_UPOS_NOUN, PARLEY_UPOS_NUM, PARLEY_UPOS_PART,
    PARLEY_UPOS_PRON, PARLEY_UPOS_PROPN, PARLEY_UPOS_PUNCT, PARLEY_UPOS_SCONJ, PARLEY_UPOS_SYM,
    PARLEY_UPOS_VERB, PARLEY_UPOS_X,
    PARLEY_UPOS_COUNT
} parley_upos;

/* Penn Treebank tags as used by EWT (with its additions ADD, AFX, GW, HYPH, NFP). */
typedef enum parley_xpos {
    PARLEY_XPOS_NONE = 0,
    PARLEY_XPOS_CC, PARLEY_XPOS_CD, PARLEY_XPOS_DT, PARLEY_XPOS_EX, PARLEY_XPOS_FW,
    PARLEY_XPOS_IN, PARLEY_XPOS_JJ, PARLEY_XPOS_JJR, PARLEY_XPOS_JJS, PARLEY_XPOS_LS,
    PARLEY_XPOS_MD, PARLEY_XPOS_NN, PARLEY_XPOS_NNS, PARLEY_XPOS_NNP, PARLEY_XPOS_NNPS,
    PARLEY_XPOS_PDT, PARLEY_XPOS_POS, PARLEY_XPOS_PRP, PARLEY_XPOS_PRPS, PARLEY_XPOS_RB,
    PARLEY_XPOS_RBR, PARLEY_XPOS_RBS, PARLEY_XPOS_RP, PARLEY_XPOS_SYM, PARLEY_XPOS_TO,
    PARLEY_XPOS_UH, PARLEY_XPOS_VB, PARLEY_XPOS_VBD, PARLEY_XPOS_VBG, PARLEY_XPOS_VBN,
    PARLEY_XPOS_VBP, PARLEY_XPOS_VBZ, PARLEY_XPOS_WDT, PARLEY_XPOS_WP, PARLEY_XPOS_WPS,
    PARLEY_XPOS_WRB, PARLEY_XPOS_DOLLAR, PARLEY_XPOS_POUND, PARLEY_XPOS_COMMA,
    PARLEY_XPOS_COLON, PARLEY_XPOS_PERIOD, PARLEY_XPOS_LQUOTE, PARLEY_XPOS_RQUOTE,
    PARLEY_XPOS_LRB, PARLEY_XPOS_RRB, PARLEY_XPOS_ADD, PARLEY_XPOS_AFX, PARLEY_XPOS_GW,
    PARLEY_XPOS_HYPH, PARLEY_XPOS_NFP, PARLEY_XPOS_XX,
    PARLEY_XPOS_COUNT
} parley_xpos;

typedef enum parley_deprel {
    PARLEY_DEP_NONE = 0,
    PARLEY_DEP_ACL, PARLEY_DEP_ACL_RELCL, PARLEY_DEP_ADVCL, PARLEY_DEP_ADVCL_RELCL,
    PARLEY_DEP_ADVMOD, PARLEY_DEP_AMOD, PARLEY_DEP_APPOS, PARLEY_DEP_AUX, PARLEY_DEP_AUX_PASS,
    PARLEY_DEP_CASE, PARLEY_DEP_CC, PARLEY_DEP_CC_PRECONJ, PARLEY_DEP_CCOMP, PARLEY_DEP_COMPOUND,
    PARLEY_DEP_COMPOUND_PRT, PARLEY_DEP_CONJ, PARLEY_DEP_COP, PARLEY_DEP_CSUBJ,
    PARLEY_DEP_CSUBJ_OUTER, PARLEY_DEP_CSUBJ_PASS, PARLEY_DEP_DEP, PARLEY_DEP_DET,
    PARLEY_DEP_DET_PREDET, PARLEY_DEP_DISCOURSE, PARLEY_DEP_DISLOCATED, PARLEY_DEP_EXPL,
    PARLEY_DEP_FIXED, PARLEY_DEP_FLAT, PARLEY_DEP_GOESWITH, PARLEY_DEP_IOBJ, PARLEY_DEP_LIST,
    PARLEY_DEP_MARK, PARLEY_DEP_NMOD, PARLEY_DEP_NMOD_DESC, PARLEY_DEP_NMOD_POSS,
    PARLEY_DEP_NMOD_UNMARKED, PARLEY_DEP_NSUBJ, PARLEY_DEP_NSUBJ_OUTER, PARLEY_DEP_NSUBJ_PASS,
    PARLEY_DEP_NUMMOD, PARLEY_DEP_OBJ, PARLEY_DEP_OBL, PARLEY_DEP_OBL_AGENT,
    PARLEY_DEP_OBL_UNMARKED, PARLEY_DEP_ORPHAN, PARLEY_DEP_PARATAXIS, PARLEY_DEP_PUNCT,
    PARLEY_DEP_REPARANDUM, PARLEY_DEP_ROOT, PARLEY_DEP_VOCATIVE, PARLEY_DEP_XCOMP,
    PARLEY_DEP_COUNT
} parley_deprel;

/* Morphological features the coder needs, as bits of parley_token.feats. */
enum {
    PARLEY_FEAT_TENSE_PAST   = 1u << 0,
    PARLEY_FEAT_TENSE_PRES   = 1u << 1,
    PARLEY_FEAT_VERBFORM_FIN = 1u << 2,
    PARLEY_FEAT_VERBFORM_INF = 1u << 3,
    PARLEY_FEAT_VERBFORM_PART = 1u << 4,
    PARLEY_FEAT_VERBFORM_GER = 1u << 5,
    PARLEY_FEAT_VOICE_PASS   = 1u << 6,
    PARLEY_FEAT_NUMBER_SING  = 1u << 7,
    PARLEY_FEAT_NUMBER_PLUR  = 1u << 8,
    PARLEY_FEAT_PERSON_1     = 1u << 9,
    PARLEY_FEAT_PERSON_2     = 1u << 10,
    PARLEY_FEAT_PERSON_3     = 1u << 11,
    PARLEY_FEAT_MOOD_IND     = 1u << 12,
    PARLEY_FEAT_MOOD_IMP     = 1u << 13,
    PARLEY_FEAT_POLARITY_NEG = 1u << 14,
    PARLEY_FEAT_PRONTYPE_PRS = 1u << 15,
    PARLEY_FEAT_DEGREE_CMP   = 1u << 16,
    PARLEY_FEAT_DEGREE_SUP   = 1u << 17,
    PARLEY_FEAT_NUMTYPE_CARD = 1u << 18,
    PARLEY_FEAT_POSS         = 1u << 19
};

/* Name <-> id. *_name returns "_" for NONE or out-of-range ids; *_from_name
 * returns NONE (0) for an unknown name. deprel names include subtypes
 * ("nsubj:pass"). */
const char *parley_upos_name(int upos);
int parley_upos_from_name(const char *name);
const char *parley_xpos_name(int xpos);
int parley_xpos_from_name(const char *name);
const char *parley_deprel_name(int deprel);
int parley_deprel_from_name(const char *name);

/* The universal part of a relation: nsubj:pass -> nsubj, acl:relcl -> acl. */
int parley_deprel_base(int deprel);

/* Writes the features as a UD FEATS string ("Number=Sing|Person=3") into buf
 * (always NUL-terminated; "_" when empty). Returns the length written. */
int parley_feats_format(uint32_t feats, char *buf, int size);

/* Parses a UD FEATS string; unknown features are ignored. */
uint32_t parley_feats_parse(const char *s);

#ifdef __cplusplus
}
#endif
#endif
