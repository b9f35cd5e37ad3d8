/**
 * The tests' stand-in for Microsoft's login endpoints (signing keys, token endpoint) is the one
 * the burst bench signs its Teams activities with: src/bench/teams-login-stand-in.ts.
 */
export { BOT_FRAMEWORK_ISSUER, type ConnectorClaims, type FakeBotLogin, startFakeBotLogin } from '../../src/bench/teams-login-stand-in.js';
