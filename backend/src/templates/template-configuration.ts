// Tag configurations are part of the add-on <-> backend contract: written once in contracts/templates.ts.
export {
  tagConfigurationSchema,
  tagName,
  tagNamePattern,
  templateContentSchema,
  type TagConfiguration,
  type TemplateContent,
} from '../../../contracts/templates';
