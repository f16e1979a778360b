#!/usr/bin/env node
// The published CLI entry: the compiled `zkml` command (see src/cli/main.ts).
import '../dist/src/cli/main.js'
