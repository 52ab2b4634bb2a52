// Placeholder: keras.random.
export {};
