import { UnpricedModelError } from '../ai-errors';
import { modelKey, type CatalogModel, type ModelCatalog, type ModelPrices, type ModelReference } from './model-catalog';

export type PricedModel = CatalogModel & { prices: ModelPrices };

/** The catalog entry of a model with a known price; a model without one is never used as if it were free. */
export function pricedModel(catalog: ModelCatalog, reference: ModelReference): PricedModel {
  const model = catalog.find(reference);
  if (!model?.prices) {
    throw new UnpricedModelError({
      message: `The model ${modelKey(reference)} has no price, and a model is never used as if it were free. Ask an admin to set its price in Admin settings.`,
    });
  }
  return { ...model, prices: model.prices };
}
