// Prints a fresh key pair for sealing endpoint submissions' API keys (docs/endpoint-submissions.md):
// ENDPOINT_KEY_PUBLIC goes to the web, ENDPOINT_KEY_PRIVATE to the workers only.
import { generateEndpointKeyPair } from '@medrank/endpoint-runner';

const { publicKey, privateKey } = generateEndpointKeyPair();
console.log(`ENDPOINT_KEY_PUBLIC=${publicKey}\nENDPOINT_KEY_PRIVATE=${privateKey}`);
