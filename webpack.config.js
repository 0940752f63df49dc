// Builds the shipped bundle into django_dlwidget/static/django_dlwidget/ with a stats file that
// django-webpack-loader reads. One entry per custom element, so a page that shows only the download
// centre never loads the upload code.
import path from "node:path";
import { fileURLToPath } from "node:url";
import MiniCssExtractPlugin from "mini-css-extract-plugin";
import BundleTracker from "webpack-bundle-tracker";

const root = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(root, "django_dlwidget", "static", "django_dlwidget");

export default {
  mode: "production",
  context: root,
  entry: {
    "download-centre": "./frontend/src/entries/download-centre.ts",
    upload: "./frontend/src/entries/upload.ts",
  },
  output: {
    path: outDir,
    filename: "[name].[contenthash:8].js",
    chunkFilename: "[name].[contenthash:8].js",
    publicPath: "auto",
    clean: true,
    hashFunction: "xxhash64",
  },
  // Sources import "./x.js" (valid ESM for the npm build); webpack maps that to "./x.ts".
  resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
  module: {
    rules: [
      { test: /\.ts$/, loader: "esbuild-loader", options: { target: "es2022" } },
      { test: /\.css$/, use: [MiniCssExtractPlugin.loader, "css-loader"] },
    ],
  },
  plugins: [
    new MiniCssExtractPlugin({ filename: "[name].[contenthash:8].css" }),
    new BundleTracker({ path: outDir, filename: "webpack-stats.json", relativePath: true }),
  ],
  optimization: { moduleIds: "deterministic", chunkIds: "deterministic" },
  devtool: false,
  performance: { hints: false },
};
