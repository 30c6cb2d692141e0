-- wrk script of bench:submissions: every request is the first answer of a distinct personal
-- link, as pgbench's transactions are on the database side. wrk is a C client, as pgbench is,
-- so neither side of the ratio pays for a load generator written in JavaScript.
--
-- Arguments (after `--`): the token file (one token a line), the number of lines earlier
-- rounds used, the thread count, the question keys (comma-separated). Thread t of T takes the
-- unused lines t, t+T, t+2T, … Should a thread run out
-- of links it starts over, and the repeats answer 409: the bench fails and says to raise
-- BENCH_N, rather than measure something else.

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local tokens, keys, offset, count
-- Global, not local: done() reads it from each thread.
sent = 0

function init(args)
  local file, thread_count = args[1], tonumber(args[3])
  offset = tonumber(args[2])
  tokens = {}
  local line_number = 0
  for line in io.lines(file) do
    if line_number >= offset and (line_number - offset) % thread_count == index then tokens[#tokens + 1] = line end
    line_number = line_number + 1
  end
  keys = {}
  for key in string.gmatch(args[4], "[^,]+") do keys[#keys + 1] = key end
  count = thread_count
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

-- The same answers as the Node generator gave link i: 1 + ((7i + 3q) mod 7) for question q.
function request()
  local i = offset + sent * count + index
  local token = tokens[sent % math.max(#tokens, 1) + 1] or "no-link-left"
  sent = sent + 1
  local answers = {}
  for q = 1, #keys do
    answers[q] = string.format('{"questionKey":"%s","value":%d}', keys[q], 1 + ((i * 7 + (q - 1) * 3) % 7))
  end
  local body = '{"answers":[' .. table.concat(answers, ",") .. "]}"
  return wrk.format(nil, "/api/v1/surveys/" .. token .. "/response", nil, body)
end

-- One JSON line for the bench to read: counts and latency percentiles (microseconds).
-- `used`: lines of the token file this round took, gaps between the threads' shares included.
-- `quantilesUs`: the latency at every 0.1 % (0.1 … 100), so that the bench can pool the rounds'
-- latencies into one distribution, as it pools pgbench's per-transaction log.
function done(summary, latency, requests)
  local most = 0
  for _, thread in ipairs(threads) do most = math.max(most, thread:get("sent")) end
  local quantiles = {}
  for q = 1, 1000 do quantiles[q] = string.format("%d", latency:percentile(q / 10)) end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"used":%d,"durationUs":%d,"non2xx":%d,"socketErrors":%d,"p99Us":%d,"maxUs":%d,"quantilesUs":[%s]}\n',
    summary.requests, most * #threads, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99), latency.max, table.concat(quantiles, ",")))
end
