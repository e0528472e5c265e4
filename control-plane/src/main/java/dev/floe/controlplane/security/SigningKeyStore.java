package dev.floe.controlplane.security;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The RSA key the built-in authorization server signs tokens with. It lives in the database so that every instance
 * (and every restart) signs and verifies with the same key; the first instance to start creates it.
 */
@Component
class SigningKeyStore {

    static final String KEY_ID = "floe-signing-key-1";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    SigningKeyStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record SigningKey(String id, RSAPublicKey publicKey, RSAPrivateKey privateKey) {
    }

    SigningKey loadOrCreate() {
        KeyPair fresh = generate();
        // two instances starting together: one insert wins and both read the winner
        jdbc.update("""
                INSERT INTO signing_key (id, private_key, public_key, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING""",
                KEY_ID, fresh.getPrivate().getEncoded(), fresh.getPublic().getEncoded(),
                Timestamp.from(clock.instant()));
        return jdbc.queryForObject("SELECT private_key, public_key FROM signing_key WHERE id = ?",
                (rs, n) -> decode(rs.getBytes(1), rs.getBytes(2)), KEY_ID);
    }

    private static SigningKey decode(byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new SigningKey(KEY_ID,
                    (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)),
                    (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("stored signing key is unreadable", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
