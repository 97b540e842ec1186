-- serve_mixed.lua - wrk script for bench/serve.sh: a mix of the dashboard's
-- requests with one in five malformed (bad values, unknown parameters,
-- unknown paths, wrong methods), to show the server keeps serving.
local actors = {"USAGOV", "RUSGOV", "CHNGOV", "UKRGOV", "ISRMIL", "PSEREB", "QATGOV", "EGYGOV", "IGOUNO", "SDNREB"}
local good = {}
local bad = {
  "/api/events?limit=100000", "/api/events?from=2023-02-30", "/api/events?colour=red",
  "/api/events?actor=%27%20OR%201=1--", "/api/stats?by=century", "/api/nothing", "/api/event/zz",
  "/../../etc/passwd", "/api/events?cursor=%3Cscript%3E",
}
math.randomseed(42)
for i = 1, 200 do
  local a = actors[math.random(#actors)]
  local b = actors[math.random(#actors)]
  local kind = i % 4
  if kind == 0 then
    good[#good + 1] = "/api/events?actor=" .. a .. "&limit=50"
  elseif kind == 1 then
    good[#good + 1] = string.format("/api/events?dyad=%s,%s&from=2022-%02d-01&to=2022-%02d-28", a, b, i % 12 + 1, i % 12 + 1)
  elseif kind == 2 then
    good[#good + 1] = "/api/stats?by=month&actor=" .. a
  else
    good[#good + 1] = "/api/actors?sort=count&limit=20"
  end
end
local n = 0
request = function()
  n = n + 1
  if n % 5 == 0 then
    if n % 15 == 0 then
      return wrk.format("DELETE", "/api/events")
    end
    return wrk.format("GET", bad[math.floor(n / 5) % #bad + 1])
  end
  return wrk.format("GET", good[n % #good + 1])
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %d requests, %d errors (connect %d, read %d, write %d, timeout %d), non-2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
