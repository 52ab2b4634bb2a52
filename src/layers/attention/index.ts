/** `keras.layers` attention layers: MultiHeadAttention, GroupQueryAttention, Attention, AdditiveAttention. */
export { MultiHeadAttention } from "./multi-head-attention.js";
export type { MultiHeadAttentionOptions, MultiHeadAttentionCallKwargs } from "./multi-head-attention.js";
export { GroupQueryAttention, GroupedQueryAttention } from "./grouped-query-attention.js";
export type { GroupQueryAttentionOptions } from "./grouped-query-attention.js";
export { Attention } from "./attention.js";
export type { AttentionOptions, AttentionCallKwargs } from "./attention.js";
export { AdditiveAttention } from "./additive-attention.js";
export type { AdditiveAttentionOptions } from "./additive-attention.js";
