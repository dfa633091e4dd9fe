import { Inject, Injectable } from '@nestjs/common';
import { resolve } from 'node:path';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { loadNerModel, NerModel } from '@storyline/nlp';

/** The trained recognizer, loaded once per process (it is read-only and shared by every job). */
@Injectable()
export class NerModelProvider {
  readonly model: NerModel;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.model = loadNerModel(resolve(config.NER_MODEL_PATH));
  }
}
