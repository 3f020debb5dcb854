// SPDX-License-Identifier: Apache-2.0
// @pandatix/js-cvss ships ES modules whose relative imports have no ".js" extension, which
// node's ESM resolver refuses: retry such an import with ".js". Loaded by score.mjs.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (specifier.startsWith('.') && !specifier.endsWith('.js')) {
      return next(specifier + '.js', context);
    }
    throw err;
  }
}
