// A stand-in for Microsoft Entra ID's token endpoint, for tests on loopback only: the OAuth 2.0
// client-credentials grant at POST /{tenant}/oauth2/v2.0/token, RS256 JWTs signed with a key
// made at start, and that key as a JWKS at GET /jwks (what the broker's
// OAuthBearerValidatorCallbackHandler verifies with). Refusals answer like Entra, with its
// AADSTS codes: unknown tenant (AADSTS90002), unknown client (AADSTS700016), wrong secret
// (AADSTS7000215), a scope for no resource of the tenant (AADSTS500011), a federated token that
// matches no federated credential (AADSTS70021).
//
// The client authenticates with its secret, or, as AKS workload identity does, with a client
// assertion (client_assertion_type jwt-bearer) that must equal the federated token file's
// contents (re-read on every request, so a test can rotate it). A scope of another Event Hubs
// namespace (https://<other>.servicebus.windows.net/.default) is granted, with that audience:
// Entra grants it when the namespace exists, and the broker must refuse the token. Client ids
// with a purpose, all with the same secret: "expired-client" gets a token that expired an hour
// ago; "numeric-sub-client" one whose "sub" is a number, not a string; "short-lived-client" one
// that lives 8 seconds (librdkafka refreshes it after 6.4).
//
// java TokenEndpoint.java PORT_FILE TENANT CLIENT_ID SECRET_FILE AUDIENCE [port=N] [assertion=FILE]
// The chosen port (N, default any free one) goes into PORT_FILE once the server listens.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

public class TokenEndpoint {
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static String b64(byte[] bytes) { return B64.encodeToString(bytes); }

    // An unsigned big integer's bytes, without the sign byte Java adds.
    static String b64(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        return b64(bytes);
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                       URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    static void answer(HttpExchange exchange, int status, String json) throws java.io.IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static String refusal(String error, String code, String text) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + code + ": " + text
            + "\",\"error_codes\":[" + code.substring(6) + "]}";
    }

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    // The issuer of Entra's access tokens for an Event Hubs namespace (v1 tokens: the resource's
    // manifest asks for them), which the broker checks as sasl.oauthbearer.expected.issuer.
    static String issuer(String tenant) { return "https://sts.windows.net/" + tenant + "/"; }

    // Read on every request: workload identity's kubelet rotates the file under the client.
    static boolean assertionMatches(Path file, String assertion) {
        try {
            return file != null && assertion != null && !assertion.isEmpty()
                && Files.readString(file).trim().equals(assertion);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        Path portFile = Path.of(args[0]);
        String tenant = args[1], clientId = args[2];
        String secret = Files.readString(Path.of(args[3])).trim();
        String audience = args[4];
        int port = 0;
        Path assertionFile = null;
        for (int i = 5; i < args.length; i++) {
            if (args[i].startsWith("port=")) port = Integer.parseInt(args[i].substring(5));
            else if (args[i].startsWith("assertion=")) assertionFile = Path.of(args[i].substring(10));
            else throw new IllegalArgumentException("unknown option " + args[i]);
        }
        final Path federatedToken = assertionFile;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"k1\",\"n\":\""
            + b64(pub.getModulus()) + "\",\"e\":\"" + b64(pub.getPublicExponent()) + "\"}]}";

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/jwks", exchange -> answer(exchange, 200, jwks));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/oauth2/v2.0/token")) {
                answer(exchange, 404, "{\"error\":\"not_found\"}");
                return;
            }
            Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String asked = f.getOrDefault("client_id", "");
            boolean expired = asked.equals("expired-client");
            boolean numericSub = asked.equals("numeric-sub-client");
            boolean shortLived = asked.equals("short-lived-client");
            String scope = f.getOrDefault("scope", "");
            String resource = scope.endsWith("/.default") ? scope.substring(0, scope.length() - 9) : "";
            boolean knownResource = resource.equals(audience)
                || resource.matches("https://[a-z0-9-]+\\.servicebus\\.windows\\.net");
            boolean byAssertion = JWT_BEARER.equals(f.get("client_assertion_type"));
            if (!path.equals("/" + tenant + "/oauth2/v2.0/token")) {
                answer(exchange, 400, refusal("invalid_request", "AADSTS90002", "Tenant not found."));
            } else if (!"client_credentials".equals(f.get("grant_type"))) {
                answer(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            } else if (!asked.equals(clientId) && !expired && !numericSub && !shortLived) {
                answer(exchange, 400, refusal("unauthorized_client", "AADSTS700016", "Application not found in the directory."));
            } else if (byAssertion && !assertionMatches(federatedToken, f.get("client_assertion"))) {
                answer(exchange, 401, refusal("invalid_client", "AADSTS70021", "No matching federated identity record found for presented assertion."));
            } else if (!byAssertion && !secret.equals(f.get("client_secret"))) {
                answer(exchange, 401, refusal("invalid_client", "AADSTS7000215", "Invalid client secret provided."));
            } else if (!knownResource) {
                answer(exchange, 400, refusal("invalid_resource", "AADSTS500011", "The resource principal was not found in the tenant."));
            } else {
                long now = System.currentTimeMillis() / 1000;
                long exp = expired ? now - 3600 : shortLived ? now + 8 : now + 3600;
                String sub = numericSub ? "42" : "\"" + asked + "\"";
                String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
                String claims = b64(("{\"aud\":\"" + resource + "\",\"iss\":\"" + issuer(tenant)
                    + "\",\"sub\":" + sub + ",\"iat\":" + (exp - 3600) + ",\"nbf\":" + (exp - 3600)
                    + ",\"exp\":" + exp + ",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
                try {
                    Signature signer = Signature.getInstance("SHA256withRSA");
                    signer.initSign(keys.getPrivate());
                    signer.update((header + "." + claims).getBytes(StandardCharsets.UTF_8));
                    String jwt = header + "." + claims + "." + b64(signer.sign());
                    answer(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + (exp - now)
                        + ",\"access_token\":\"" + jwt + "\"}");
                } catch (Exception e) {
                    answer(exchange, 500, "{\"error\":\"server_error\"}");
                }
            }
        });
        server.start();
        Path tmp = Path.of(portFile + ".tmp");
        Files.writeString(tmp, Integer.toString(server.getAddress().getPort()));
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
