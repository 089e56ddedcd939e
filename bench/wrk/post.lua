-- POSTs for the write path (bench/pages.py). Each wrk thread has one connection and plays one
-- client from the data file in BENCH_WRK_DATA: its own session cookie, and a list of
-- {path, body} it sends in turn. "UNIQUE" in a body becomes a value no other request used
-- (a new submission token for every issue raised). Responses with the expected status are
-- counted, so a form that re-renders instead of redirecting shows up.

local clients = dofile(os.getenv("BENCH_WRK_DATA"))
local expected = tonumber(os.getenv("BENCH_WRK_EXPECT") or "302")
local threads = {}
local created = 0

setup = function(thread)
  created = created + 1
  thread:set("client_id", created)
  table.insert(threads, thread)
end

local counter = 0
ok, other = 0, 0

init = function(args)
  client = clients[((client_id - 1) % #clients) + 1]
  headers = {
    ["Cookie"] = client.cookie,
    ["User-Agent"] = "portal-bench/1.0",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  run = tostring(os.time())
end

request = function()
  counter = counter + 1
  local step = client.requests[((counter - 1) % #client.requests) + 1]
  local body = step.body:gsub("UNIQUE", client_id .. "-" .. counter .. "-" .. run)
  return wrk.format("POST", step.path, headers, body)
end

response = function(status, headers, body)
  if status == expected then ok = ok + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  local good, bad = 0, 0
  for _, thread in ipairs(threads) do
    good = good + (thread:get("ok") or 0)
    bad = bad + (thread:get("other") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, ' ..
    '"max": %d, "mean": %.1f, "expected": %d, "unexpected": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, good, bad))
end
