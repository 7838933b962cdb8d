-- wrk script for infra/bench/run.sh: GET a random target per request and count every non-2xx answer.
--
-- BENCH_TARGETS names a file with one target per line: "<path>" or "<path>\t<bearer token>". Each request picks a
-- line at random (so a random tenant and customer). done() prints one line starting with "BENCH_JSON " holding the
-- figures run.sh records, and "BENCH_BAD " lines with the first bad answers seen, if any.

local targets_file = os.getenv("BENCH_TARGETS") or error("set BENCH_TARGETS to the targets file")

-- Read at load time; the requests are formatted in init(), once wrk has set the Host header (wrk.init runs first).
local targets = {}
for line in io.lines(targets_file) do
  local path, token = line:match("^([^\t]+)\t?(.*)$")
  if path then
    targets[#targets + 1] = { path = path, token = token }
  end
end
if #targets == 0 then
  error("no targets in " .. targets_file)
end
local requests = {}

-- Main state: one entry per thread, to add up the threads' counters in done().
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
  for i, target in ipairs(targets) do
    local headers = {}
    if target.token ~= nil and target.token ~= "" then
      headers["Authorization"] = "Bearer " .. target.token
    end
    requests[i] = wrk.format("GET", target.path, headers)
  end
end

function request()
  return requests[math.random(#requests)]
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
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,"targets":%d}\n',
    summary.requests, seconds, summary.requests / seconds, ok, bad,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, #targets))
  for _, sample in ipairs(samples) do
    io.write("BENCH_BAD " .. sample .. "\n")
  end
end
