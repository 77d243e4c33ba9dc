-- A change stamp per benchmark for the board cache (issue 12): before this, the cache stamp
-- included the newest audit-log row anywhere, so creating a token rebuilt every board.
-- Triggers bump "boardStamp" in the same transaction as any write to a table the cached board
-- reads, whoever the writer is (web, worker, CLI, seed, a manual SQL edit). When in doubt a
-- write bumps: a spurious rebuild costs one query, a missed one shows a stale board.

-- The migration runner (Prisma's driver adapter) splits a script at every semicolon, so the
-- PL/pgSQL bodies below are escape strings that spell their semicolons \073.

-- AlterTable
ALTER TABLE "benchmarks" ADD COLUMN     "boardStamp" BIGINT NOT NULL DEFAULT 0;

-- Any direct update of a benchmark row (title, status, minCategorySize, ...) bumps it.
CREATE FUNCTION public.board_stamp_on_benchmark() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."boardStamp" = OLD."boardStamp" THEN
    NEW."boardStamp" := OLD."boardStamp" + 1\073
  END IF\073
  RETURN NEW\073
END';

CREATE TRIGGER board_stamp BEFORE UPDATE ON public.benchmarks
  FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_benchmark();

-- Bumps a benchmark's stamp once per transaction. The triggers below are deferred to commit, so
-- the benchmark row is locked for the last instant of the writer's transaction only, and a
-- transaction-local setting remembers what it already bumped (a rank-statistics run writes
-- thousands of rows and bumps once).
CREATE FUNCTION public.touch_board(benchmark_id text) RETURNS void LANGUAGE plpgsql AS E'
DECLARE
  mark text\073
BEGIN
  IF benchmark_id IS NULL THEN RETURN\073 END IF\073
  mark := ''medrank.board_b'' || md5(benchmark_id)\073
  IF current_setting(mark, true) = ''1'' THEN RETURN\073 END IF\073
  PERFORM set_config(mark, ''1'', true)\073
  UPDATE public.benchmarks SET "boardStamp" = "boardStamp" + 1 WHERE id = benchmark_id\073
END';

CREATE FUNCTION public.touch_board_of_test_set(test_set_id text) RETURNS void LANGUAGE plpgsql AS E'
DECLARE
  mark text\073
BEGIN
  IF test_set_id IS NULL THEN RETURN\073 END IF\073
  mark := ''medrank.board_t'' || md5(test_set_id)\073
  IF current_setting(mark, true) = ''1'' THEN RETURN\073 END IF\073
  PERFORM set_config(mark, ''1'', true)\073
  PERFORM public.touch_board((SELECT t."benchmarkId" FROM public.test_sets ts
                                JOIN public.tracks t ON t.id = ts."trackId"
                               WHERE ts.id = test_set_id))\073
END';

-- One trigger function for every watched table: finds the benchmark of the changed row.
CREATE FUNCTION public.board_stamp_on_change() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  r record\073
BEGIN
  IF TG_OP = ''DELETE'' THEN r := OLD\073 ELSE r := NEW\073 END IF\073
  CASE TG_TABLE_NAME
    WHEN ''tracks'', ''phases'', ''reported_entries'' THEN
      PERFORM public.touch_board(r."benchmarkId")\073
    WHEN ''test_sets'' THEN
      PERFORM public.touch_board((SELECT "benchmarkId" FROM public.tracks WHERE id = r."trackId"))\073
    WHEN ''evaluations'', ''rank_stats'', ''rescore_runs'' THEN
      PERFORM public.touch_board_of_test_set(r."testSetId")\073
    WHEN ''scores'' THEN
      PERFORM public.touch_board_of_test_set(
        (SELECT "testSetId" FROM public.evaluations WHERE id = r."evaluationId"))\073
    WHEN ''reported_scores'' THEN
      PERFORM public.touch_board(
        (SELECT "benchmarkId" FROM public.reported_entries WHERE id = r."entryId"))\073
    WHEN ''submissions'' THEN
      PERFORM public.touch_board((SELECT "benchmarkId" FROM public.tracks WHERE id = r."trackId"))\073
    WHEN ''teams'' THEN
      -- A renamed team: every benchmark it has a scored submission on.
      PERFORM public.touch_board(b."benchmarkId")
         FROM (SELECT DISTINCT t."benchmarkId" FROM public.submissions s
                 JOIN public.tracks t ON t.id = s."trackId"
                WHERE s."teamId" = r.id AND s.status = ''SCORED'') b\073
  END CASE\073
  RETURN NULL\073
END';

CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.tracks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.test_sets
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.phases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.evaluations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.scores
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.rank_stats
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.rescore_runs
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.reported_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE OR DELETE ON public.reported_scores
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.board_stamp_on_change();
-- A submission is on a board only once scored: queue and progress updates do not bump.
CREATE CONSTRAINT TRIGGER board_stamp AFTER INSERT OR UPDATE ON public.submissions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.status = 'SCORED') EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp_left AFTER UPDATE OR DELETE ON public.submissions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status = 'SCORED') EXECUTE FUNCTION public.board_stamp_on_change();
CREATE CONSTRAINT TRIGGER board_stamp AFTER UPDATE ON public.teams
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION public.board_stamp_on_change();
