-- Placeholder on the schedule branch only, so that 0003 follows without a gap: the pgeditor
-- branch's 0002_sign_in_throttle.sql (the sign-in throttle's tables) replaces it when merged.
SELECT 1;
