import Type from 'typebox';
import { ApiErrorSchema } from '@louyu/core';

/** A building id in a path: the topic segment pattern, so an injection attempt is a 400 before any lookup. */
export const BuildingParams = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'building id from the registry' }),
  },
  { additionalProperties: false },
);

/** The error replies every authenticated route may give. */
export const authErrors = { 401: ApiErrorSchema, 403: ApiErrorSchema } as const;
export const bearer = [{ bearerAuth: [] }];
