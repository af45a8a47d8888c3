// The consumer's own API client: the code these Pact tests exercise.
function todoClient(baseUrl) {
  const json = async (response) => ({ status: response.status, body: await response.json() })
  return {
    list: (owner) => fetch(`${baseUrl}/todos?owner=${encodeURIComponent(owner)}`).then(json),
    add: (owner, title) =>
      fetch(`${baseUrl}/todos`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner}-token` },
        body: JSON.stringify({ owner, title, done: false }),
      }).then(json),
    complete: (id) => fetch(`${baseUrl}/todos/${id}/done`, { method: 'PUT' }).then((response) => response.status),
  }
}

module.exports = { todoClient }
