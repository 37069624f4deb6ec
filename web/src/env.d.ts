// Vite's types: CSS imports, import.meta.url for workers.
/// <reference types="vite/client" />
