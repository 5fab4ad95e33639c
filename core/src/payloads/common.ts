import Type from 'typebox';

/** Milliseconds since the epoch; optional on the wire (the broker's receipt time is used when absent). */
export const Timestamp = Type.Optional(Type.Integer({ minimum: 0, maximum: 8.64e15 }));

export const Count = Type.Integer({ minimum: 0, maximum: 1e9 });
export const PositiveCount = Type.Integer({ minimum: 1, maximum: 1e9 });
export const NonNegative = Type.Number({ minimum: 0, maximum: 1e12 });
export const Percent = Type.Number({ minimum: 0, maximum: 100 });
