declare const __REPRISE_VERSION__: string | undefined;

/** Injected at build time; tests and tsx runs read it from the environment or fall back. */
export const version: string =
  typeof __REPRISE_VERSION__ === 'string' ? __REPRISE_VERSION__ : (process.env.npm_package_version ?? '0.0.0-dev');
