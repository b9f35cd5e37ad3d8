/** What the serving architecture must hold during the burst (issue 9). */
export const BURST_TARGETS = { lost: 0, doubled: 0, slackAckP95Ms: 200, healthzP95Ms: 50 } as const;
