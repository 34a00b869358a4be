import { z } from 'zod';

// The schemas requests share are the contract's (contracts/common.ts); the backend keeps importing them from here.
export { carriedName, identifier, isReservedId, pageQuery, typedName } from '../../../../contracts/common';

export const timestamp = z.iso.datetime();
