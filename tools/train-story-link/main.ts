// Cross-validates a learned link for story clustering (a logistic model in place of the neighbourhood's relative
// similarity threshold and headline bonus) on ECB+ dev by topic folds.
// Usage: node dist/tools/train-story-link/main.js --cv [--thresholds 0.5,0.3,0.4,0.6,0.7]
//   [--features relative,content,entities,headline]
import { LinkFeatures, loadBackgroundFrequencies } from '@storyline/stories';
import { crossValidate, ecbCrossValidationSetup } from '../eval/cross-validation';
import { learnedLinkChooser } from '../eval/story-link';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const thresholds = argument('--thresholds')?.split(',').map(Number);
  const features = argument('--features')?.split(',') as Array<keyof LinkFeatures> | undefined;
  const config = { background: loadBackgroundFrequencies() };
  if (process.argv.includes('--cv')) {
    const cv = await crossValidate(config, ecbCrossValidationSetup(), learnedLinkChooser(config, thresholds, features));
    console.log(JSON.stringify(cv, null, 2));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
