-- wrk script for infra/bench/loyalty.sh: one random target per request, GET or POST, counting every non-2xx answer.
--
-- BENCH_TARGETS names a file with one target per line: "<method>\t<path>\t<bearer token>\t<json body or empty>\t<key?>".
-- When the fifth field is "key", each request carries a fresh Idempotency-Key (thread id and a counter), as a till
-- retrying nothing would send. done() prints one "BENCH_JSON " line and "BENCH_BAD " samples of bad answers.

local targets_file = os.getenv("BENCH_TARGETS") or error("set BENCH_TARGETS to the targets file")
local targets = {}
for line in io.lines(targets_file) do
  local method, path, token, body, key = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t?([^\t]*)$")
  if method then
    targets[#targets + 1] = { method = method, path = path, token = token, body = body, key = key == "key" }
  end
end
if #targets == 0 then
  error("no targets in " .. targets_file)
end

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
  ok_count = 0
  bad_count = 0
  bad_sample = ""
  counter = 0
  run_id = tostring(os.time())
end

function request()
  local t = targets[math.random(#targets)]
  local headers = { ["Authorization"] = "Bearer " .. t.token }
  local body = nil
  if t.body ~= "" then
    headers["Content-Type"] = "application/json"
    body = t.body
  end
  if t.key then
    counter = counter + 1
    headers["Idempotency-Key"] = "bench-" .. run_id .. "-" .. thread_id .. "-" .. counter
  end
  return wrk.format(t.method, t.path, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok_count = ok_count + 1
  else
    bad_count = bad_count + 1
    if #bad_sample < 600 then
      bad_sample = bad_sample .. status .. " " .. string.sub(((body or ""):gsub("%s+", " ")), 1, 200) .. " | "
    end
  end
end

function done(summary, latency, requests_stats)
  local ok, bad, samples = 0, 0, {}
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("ok_count") or 0)
    bad = bad + (thread:get("bad_count") or 0)
    local sample = thread:get("bad_sample")
    if sample and sample ~= "" then
      samples[#samples + 1] = sample
    end
  end

  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"rps":%.1f,"ok":%d,"non2xx":%d,' ..
    '"p50_ms":%.3f,"p99_ms":%.3f,"errors_connect":%d,"errors_read":%d,"errors_timeout":%d}\n',
    summary.requests, seconds, summary.requests / seconds, ok, bad,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.connect, e.read, e.timeout))
  for _, sample in ipairs(samples) do
    io.write("BENCH_BAD " .. sample .. "\n")
  end
end
