import { appsScriptException } from '../apps-script-exception';

/**
 * findText and replaceText take a string in RE2 syntax, not a JavaScript RegExp. RE2 has no lookaround and no
 * backreferences, so a pattern using them fails in Apps Script; the fake refuses them the same way instead of
 * quietly matching what Docs would not. Inline flags and RE2-only forms are translated.
 */
export function re2ToRegExp(pattern: string, global = true): RegExp {
  if (typeof pattern !== 'string') throw appsScriptException('Invalid argument: searchPattern');
  let source = pattern;
  let flags = global ? 'gu' : 'u';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1] as string) {
      if (flag === 'U') throw unsupported(pattern, 'the U (ungreedy) flag');
      if (!flags.includes(flag)) flags += flag;
    }
  }
  if (/\(\?<?[=!]/.test(source)) throw unsupported(pattern, 'lookahead and lookbehind');
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(source)) throw unsupported(pattern, 'backreferences');
  source = source
    .replace(/\\Q(.*?)(\\E|$)/g, (_match, literal: string) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\\A/g, '^(?<![\\s\\S])');
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw appsScriptException(`Invalid regular expression pattern ${pattern}: ${(error as Error).message}`);
  }
}

function unsupported(pattern: string, what: string): Error {
  return appsScriptException(`Invalid regular expression pattern ${pattern}: RE2 does not support ${what}.`);
}
