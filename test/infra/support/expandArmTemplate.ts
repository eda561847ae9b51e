/**
 * Expands an ARM template the way a deployment would read it, far enough for the template tests: parameters are
 * validated (allowedValues, min/max) and defaulted, variables (with `copy` loops) and every resource are evaluated, and
 * nested deployments with `expressionEvaluationOptions.scope: inner` are expanded in their own scope
 * (learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates, "Expression evaluation scope").
 */
import { evaluateArmValue, type ArmContext, type ArmScope, type ResourceCall } from './armExpression.js';

type Json = Record<string, unknown>;

export interface ExpandedResource {
  readonly type: string;
  /** The evaluated name, e.g. `st1/default/app-package-x`. */
  readonly name: string;
  /** The resource id: resource-group level, or under the resource named by its `scope` property. */
  readonly id: string;
  /** False when its `condition` evaluated to false. */
  readonly deployed: boolean;
  /** The evaluated resource (a nested deployment's inner template is left as written). */
  readonly body: Json;
  readonly dependsOn: readonly string[];
}

export interface ExpandedTemplate {
  readonly scope: ArmScope;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly resources: readonly ExpandedResource[];
  /** resourceId / subscriptionResourceId / extensionResourceId / reference calls made anywhere in this template. */
  readonly calls: readonly ResourceCall[];
  readonly nested: readonly ExpandedTemplate[];
}

export interface ExpandOptions {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly scope: ArmScope;
  /** What `reference()` returns for a resource id. */
  readonly reference: (id: string, full: boolean) => unknown;
}

function checkParameter(name: string, definition: Json, value: unknown): void {
  const allowed = definition['allowedValues'] as unknown[] | undefined;
  if (allowed && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    throw new Error(`parameter ${name}: ${JSON.stringify(value)} is not an allowed value`);
  }
  const type = String(definition['type']).toLowerCase();
  const expected = { string: 'string', securestring: 'string', int: 'number', bool: 'boolean', array: 'array', object: 'object' }[type];
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (expected && actual !== expected) throw new Error(`parameter ${name}: expected ${type}, got ${JSON.stringify(value)}`);
  if (typeof value === 'number') {
    if (typeof definition['minValue'] === 'number' && value < definition['minValue']) throw new Error(`parameter ${name}: ${value} is below minValue`);
    if (typeof definition['maxValue'] === 'number' && value > definition['maxValue']) throw new Error(`parameter ${name}: ${value} is above maxValue`);
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (typeof definition['minLength'] === 'number' && value.length < definition['minLength']) throw new Error(`parameter ${name}: shorter than minLength`);
    if (typeof definition['maxLength'] === 'number' && value.length > definition['maxLength']) throw new Error(`parameter ${name}: longer than maxLength`);
  }
}

function resourceIdOf(type: string, name: string, scopeProperty: unknown, scope: ArmScope): string {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  const path = `providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
  const group = `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`;
  if (typeof scopeProperty !== 'string') return `${group}/${path}`;
  const parent = scopeProperty.startsWith('/') ? scopeProperty : `${group}/providers/${scopeProperty}`;
  return `${parent}/${path}`;
}

/** Expands a template with the given parameter values (the rest take their defaults). */
export function expandArmTemplate(template: Json, options: ExpandOptions): ExpandedTemplate {
  const definitions = (template['parameters'] ?? {}) as Record<string, Json>;
  for (const name of Object.keys(options.parameters)) {
    if (!(name in definitions)) throw new Error(`parameter ${name} is not declared by the template`);
  }
  const calls: ResourceCall[] = [];
  const parameterValues = new Map<string, unknown>();
  const variableValues = new Map<string, unknown>();
  const rawVariables = (template['variables'] ?? {}) as Json;
  const loops = new Map<string, number>();

  const ctx: ArmContext = {
    scope: options.scope,
    parameter(name) {
      if (!parameterValues.has(name)) {
        const definition = definitions[name];
        if (!definition) throw new Error(`parameters('${name}') is not declared`);
        let value: unknown;
        if (name in options.parameters) value = options.parameters[name];
        else if ('defaultValue' in definition) value = evaluateArmValue(definition['defaultValue'], ctx);
        else throw new Error(`parameter ${name} is required and has no value`);
        checkParameter(name, definition, value);
        parameterValues.set(name, value);
      }
      return parameterValues.get(name);
    },
    variable(name) {
      if (!variableValues.has(name)) {
        const loop = ((rawVariables['copy'] ?? []) as Json[]).find((c) => c['name'] === name);
        if (loop) {
          const count = Number(evaluateArmValue(loop['count'], ctx));
          const items: unknown[] = [];
          for (let i = 0; i < count; i++) {
            loops.set(name, i);
            items.push(evaluateArmValue(loop['input'], ctx));
          }
          loops.delete(name);
          variableValues.set(name, items);
        } else if (name in rawVariables && name !== 'copy') variableValues.set(name, evaluateArmValue(rawVariables[name], ctx));
        else throw new Error(`variables('${name}') is not declared`);
      }
      return variableValues.get(name);
    },
    reference: options.reference,
    copyIndex(loop) {
      const index = loop === undefined ? undefined : loops.get(loop);
      if (index === undefined) throw new Error(`copyIndex('${loop}') outside its loop`);
      return index;
    },
    onResourceCall: (c) => calls.push(c),
  };

  for (const name of Object.keys(definitions)) ctx.parameter(name);
  for (const name of Object.keys(rawVariables)) if (name !== 'copy') ctx.variable(name);
  for (const loop of (rawVariables['copy'] ?? []) as Json[]) ctx.variable(String(loop['name']));

  const resources: ExpandedResource[] = [];
  const nested: ExpandedTemplate[] = [];
  for (const raw of (template['resources'] ?? []) as Json[]) {
    const isNested = raw['type'] === 'Microsoft.Resources/deployments';
    const { template: innerTemplate, ...outerProperties } = (raw['properties'] ?? {}) as Json;
    const body = evaluateArmValue(isNested ? { ...raw, properties: outerProperties } : raw, ctx) as Json;
    const deployed = !('condition' in body) || body['condition'] === true;
    const type = String(body['type']);
    const name = String(body['name']);
    resources.push({
      type,
      name,
      id: resourceIdOf(type, name, body['scope'], options.scope),
      deployed,
      body: isNested ? { ...body, properties: { ...(body['properties'] as Json), template: innerTemplate } } : body,
      dependsOn: ((body['dependsOn'] ?? []) as unknown[]).map(String),
    });
    if (isNested && innerTemplate) {
      const properties = body['properties'] as Json;
      if ((properties['expressionEvaluationOptions'] as Json | undefined)?.['scope'] !== 'inner') {
        throw new Error(`nested deployment ${name}: the tests expand only inner-scope templates`);
      }
      const innerParameters = Object.fromEntries(
        Object.entries((properties['parameters'] ?? {}) as Record<string, Json>).map(([k, v]) => [k, v['value']]),
      );
      nested.push(
        expandArmTemplate(innerTemplate as Json, {
          parameters: innerParameters,
          reference: options.reference,
          scope: {
            subscriptionId: String(body['subscriptionId'] ?? options.scope.subscriptionId),
            resourceGroup: String(body['resourceGroup'] ?? options.scope.resourceGroup),
            location: options.scope.location,
          },
        }),
      );
    }
  }
  evaluateArmValue(template['outputs'] ?? {}, ctx);
  return { scope: options.scope, parameters: Object.fromEntries(parameterValues), resources, calls, nested };
}
