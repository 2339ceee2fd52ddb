// The rows the peer benchmark writes, the same for every runtime: deterministic proposals of
// about a job post's and a proposal's length, over a year, with words to search for.
const WORDS = ('react python shopify seo logo design website landing page api backend frontend mobile app '
  + 'wordpress woocommerce figma prototype dashboard analytics marketing copywriting email newsletter '
  + 'data scraping automation chatbot integration stripe payments database migration testing deploy '
  + 'cloud aws docker kubernetes budget deadline weekly hourly fixed milestone experience portfolio '
  + 'client team startup agency ecommerce store product catalog inventory invoice report clean fast').split(' ');

// Invented words after the real ones, so that a vocabulary of 1,500 spreads as text does (a few
// words everywhere, most words rare): a word's chance falls with its place in the list.
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'shi', 'den', 'gar'];
const VOCABULARY = [...WORDS, ...Array.from({ length: 1500 - WORDS.length }, (_, i) => SYLLABLES[i % 10] + SYLLABLES[Math.floor(i / 10) % 10] + SYLLABLES[Math.floor(i / 100) % 10])];

/** The words searched for (each as typed: a prefix): in every proposal, in many, in few. */
export const SEARCH_WORDS = ['react', 'stripe', 'midenlo']; // in 10,000, about 3,000 and about 1,100 of 10,000

export function benchRows(n, seed = 20) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = (count) => Array.from({ length: count }, () => VOCABULARY[Math.floor(rand() ** 3 * VOCABULARY.length)]).join(' ');
  const start = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    job_content: `Job ${i}: ${words(6)}\n${words(50)}`,
    generated_text: `Hello, I read your post about ${words(4)}. ${words(110)}`,
    client_name: `Client ${i % 300}`,
    created_at: new Date(start + Math.floor((i / n) * 365 * 86_400_000)).toISOString().slice(0, 19).replace('T', ' '),
  }));
}
