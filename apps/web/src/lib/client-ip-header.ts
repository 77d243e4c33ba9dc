/**
 * The request header that carries the client's address inside the app. Only our custom Node
 * server (src/custom-server) sets it: it deletes any copy a client sent and writes the socket
 * address, or the address the trusted proxies forwarded. Rate limits, the login lockout's logs
 * and the board-query log read it; nothing reads X-Forwarded-For, which any client can forge.
 */
export const CLIENT_IP_HEADER = 'x-medrank-client-ip';
