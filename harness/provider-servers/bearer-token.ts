/** The token of an `Authorization: Bearer …` header, or undefined when there is none. */
export function bearerTokenOf(headers: Record<string, string>): string | undefined {
  const authorization = headers['authorization'];
  if (authorization === undefined) return undefined;
  return /^Bearer\s+(.*)$/i.exec(authorization)?.[1];
}
