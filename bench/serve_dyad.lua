-- serve_dyad.lua - wrk script for bench/serve.sh: the dashboard's typical
-- drill-down, /api/events for one directed dyad in one month, over many
-- dyads and months so that caches do not flatter the figure.
local actors = {"USAGOV", "USAMIL", "RUSGOV", "RUSMIL", "CHNGOV", "UKRGOV", "UKRMIL", "ISRGOV", "ISRMIL", "PSEREB",
                "QATGOV", "EGYGOV", "IRNGOV", "SYRGOV", "TURGOV", "IGOUNO", "IGOEUR", "YEMREB", "SDNREB", "SDNMIL"}
local paths = {}
math.randomseed(7)
for i = 1, 2000 do
  local a, b = actors[math.random(#actors)], actors[math.random(#actors)]
  local y, m = 2020 + math.random(0, 4), math.random(1, 12)
  paths[i] = string.format("/api/events?dyad=%s,%s&from=%d-%02d-01&to=%d-%02d-28&limit=100", a, b, y, m, y, m)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[n % #paths + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %d requests in %.1f s (%.0f/s), errors %d, non-2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
