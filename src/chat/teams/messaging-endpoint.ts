/** Azure Bot's messaging endpoint path, on the main port and on the intake port alike (kept apart so the intake thread need not load the surface). */
export const TEAMS_MESSAGING_ENDPOINT = '/api/messages';
