-- 16-deep HTTP/1.1 pipelining for wrk (its pipeline.lua example, made to count): each write is 16 requests,
-- "GET / HTTP/1.1\r\nHost: x\r\n\r\n" each, and every response is counted in response(), so the figure
-- reported is responses received. wrk itself also counts each pipelined response as one request; bench-http.sh
-- checks that both agree.  Usage: wrk -s pipeline.lua [-- DEPTH] http://127.0.0.1:PORT/
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local depth = tonumber(args[1] or 16)
   local one = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
   req = string.rep(one, depth)
   responses = 0
   bad = 0
end

function request()
   return req
end

function response(status, headers, body)
   responses = responses + 1
   if status ~= 200 then
      bad = bad + 1
   end
end

function done(summary, latency, requests)
   local total, nbad = 0, 0
   for _, t in ipairs(threads) do
      total = total + t:get("responses")
      nbad = nbad + t:get("bad")
   end
   io.write(string.format("lua_responses %d\nlua_non200 %d\n", total, nbad))
end
