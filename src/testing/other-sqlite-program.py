# Another program using the same database file, through the system's own SQLite (Python's sqlite3
# module), for the CLI's tests. It answers one JSON command per line on stdin:
#   {"sql": "...", "params": [...]}   run one statement, reply {"rows": [...]} or {"error": "..."}
#   {"write_loop": "INSERT ... (?)"}   commit rows one by one (a counter bound to ?) until stdin
#        closes, then reply {"committed": N}
#   {"crash": true}                   exit at once, leaving whatever transaction was open
import json, os, sqlite3, sys, threading, time

path, journal_mode = sys.argv[1], sys.argv[2]
db = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
db.execute(f"PRAGMA journal_mode = {journal_mode}").fetchall()

def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

reply({"ready": True, "sqlite": sqlite3.sqlite_version})
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd.get("crash"):
        os._exit(9)
    if "write_loop" in cmd:
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        committed = 0
        while not stop.is_set():
            db.execute(cmd["write_loop"], (committed,))
            committed += 1
            time.sleep(0.002)  # as an app would: between writes, SQLite's locks are free for others
        reply({"committed": committed})
        break
    try:
        reply({"rows": [list(r) for r in db.execute(cmd["sql"], cmd.get("params", [])).fetchall()]})
    except sqlite3.Error as e:
        reply({"error": str(e)})
