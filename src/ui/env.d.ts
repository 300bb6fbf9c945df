// esbuild bundles the CSS that main.ts imports into app.css.
declare module '*.css';
