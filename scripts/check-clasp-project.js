// `npm run push` used a committed .clasp.json with a placeholder script id; publishing now goes through
// `npm run deploy:addon` (scripts/deploy-addon.ts), which creates or reuses a standalone project.
process.stderr.write('npm run push is replaced by npm run deploy:addon (creates or reuses a standalone Apps Script project, builds, pushes and versions). See docs/publishing-the-add-on.md.\n');
process.exit(1);
