import { z } from 'zod';

/**
 * The shapes provider descriptors give their environment variables, so every provider's variables read
 * alike. A variable left empty counts as unset (see loadConfig).
 */
export const apiKeyVariable = z.string().min(1).optional();

export const baseUrlVariable = z.url().optional();

export const modelVariable = (defaultModel: string) => z.string().min(1).default(defaultModel);

/** "input,cachedInput,output" dollars per million tokens, e.g. 0.15,0.075,0.6. */
export const modelPricesVariable = z
  .string()
  .regex(
    /^\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*$/,
    'write three prices per million tokens: input,cachedInput,output (e.g. 0.15,0.075,0.6)',
  )
  .transform((value) => {
    const [input, cachedInput, output] = value.split(',').map((price) => Number(price.trim())) as [number, number, number];
    return { input, cachedInput, output };
  });
