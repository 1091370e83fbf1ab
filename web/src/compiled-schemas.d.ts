// The module the build generates (src/compile-schemas.ts writes dist/src/compiled-schemas.js;
// server-lifecycle/scripts/bundle.mjs bundles it): the validators of the routes' schemas, as code.
import type { CompiledSchemas } from '@remind-me/server-lifecycle';

export declare const validators: CompiledSchemas['validators'];
export declare const serializers: CompiledSchemas['serializers'];
