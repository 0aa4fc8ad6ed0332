-- POST men/ with a JWT: create a record in category BENCH_CAT (the harness deletes them afterwards).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Запись нагрузочного теста", "content": "Создана make bench.", "cat": '
   .. os.getenv("BENCH_CAT") .. '}'
