// Loaded only by a Node that parses `await using` (payments.test.js checks).
export async function payAndDispose(MockServer, pact, PaymentsClient) {
  await using server = await MockServer.create(pact)
  return { url: server.url, balance: await new PaymentsClient(server.url).balance(7) }
}
