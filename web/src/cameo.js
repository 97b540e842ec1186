// CAMEO root codes and quad classes as the dashboard names and colours them.
// The colours match the CSS variables --q1..--q4.
export const ROOTS = {
  "01": "Make public statement",
  "02": "Appeal",
  "03": "Express intent to cooperate",
  "04": "Consult",
  "05": "Engage in diplomatic cooperation",
  "06": "Engage in material cooperation",
  "07": "Provide aid",
  "08": "Yield",
  "09": "Investigate",
  "10": "Demand",
  "11": "Disapprove",
  "12": "Reject",
  "13": "Threaten",
  "14": "Protest",
  "15": "Exhibit force posture",
  "16": "Reduce relations",
  "17": "Coerce",
  "18": "Assault",
  "19": "Fight",
  "20": "Use unconventional mass violence",
};

export const QUADS = {
  1: { name: "Verbal cooperation", short: "Verbal coop.", color: "#6ea8fe" },
  2: { name: "Material cooperation", short: "Material coop.", color: "#1f5fbf" },
  3: { name: "Verbal conflict", short: "Verbal conflict", color: "#f2a541" },
  4: { name: "Material conflict", short: "Material conflict", color: "#d1495b" },
};
