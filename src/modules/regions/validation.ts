import { badUserInput } from '../shared/errors.ts';

/** Region codes are GB/T 2260 six-digit strings, e.g. "510105" for Qingyang. */
export function regionCodeArgument(code: string, argument: string): string {
  if (!/^\d{6}$/.test(code)) {
    throw badUserInput(argument, `a region code is six digits (GB/T 2260), e.g. "510105"; got ${JSON.stringify(code)}`);
  }
  return code;
}
