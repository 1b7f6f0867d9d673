-- bench/pg_lockwatch.sql — run by bench/pg.sh in a session of its own on
-- the database an upload writes to: the longest time any session held a
-- site's write lock (roster's transaction-scoped advisory lock, class
-- :lockclass), polled every 2 ms, from when the first other client
-- connects until the last one leaves (or two minutes).  Prints a NOTICE
-- "held_ms=N".
SELECT set_config('bench.lockclass', :'lockclass', false) \g /dev/null
DO $$
DECLARE
	cls oid := current_setting('bench.lockclass')::oid;
	db oid := (SELECT oid FROM pg_database WHERE datname = current_database());
	deadline timestamptz := clock_timestamp() + interval '120 seconds';
	t0 timestamptz;
	best float8 := 0;
	held bool := false;
	seen bool := false;
	locked bool;
	n int;
BEGIN
	LOOP
		-- (the activity view is cached for a transaction: cleared)
		PERFORM pg_stat_clear_snapshot();
		SELECT count(*) INTO n FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()
		    AND backend_type = 'client backend';
		SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
		    AND classid = cls AND database = db AND granted) INTO locked;
		IF locked AND NOT held THEN
			t0 := clock_timestamp();
			held := true;
		ELSIF held AND NOT locked THEN
			best := greatest(best,
			    extract(epoch FROM clock_timestamp() - t0) * 1000);
			held := false;
		END IF;
		seen := seen OR n > 0;
		EXIT WHEN (seen AND n = 0 AND NOT held)
		    OR clock_timestamp() > deadline;
		PERFORM pg_sleep(0.002);
	END LOOP;
	RAISE NOTICE 'held_ms=%', round(best::numeric, 1);
END $$;
