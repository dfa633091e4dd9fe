export * from './queue/pipeline-queue';
export * from './intake/article-submission';
export * from './intake/article-intake.service';
