// The pages run under a Content-Security-Policy without 'unsafe-eval' (host/server/securityHeaders.ts).
// zod compiles its parsers with `new Function` unless told not to, and even its probe for that is
// reported as a policy violation. This classic script runs before any module (modules are deferred)
// and tells zod through the global it reads when it loads.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
