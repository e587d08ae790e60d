using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CacheSync.Stores.Cassandra;

/// <summary>The <c>CacheSync:Cassandra:Tls</c> section: encrypt client connections (Cassandra's client_encryption_options).</summary>
public sealed class CassandraTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>The name the nodes' certificates carry; defaults to each contact point's host.</summary>
    public string? ServerName { get; set; }

    /// <summary>A PEM file of the CA that signed the nodes' certificates, when it is not in the system trust store.</summary>
    public string? CertificateAuthorityPath { get; set; }

    internal IEnumerable<string> Validate(string path)
    {
        if (CertificateAuthorityPath is not { Length: > 0 } ca) yield break;
        if (!File.Exists(ca))
        {
            yield return $"{path}:CertificateAuthorityPath: the file '{ca}' does not exist.";
            yield break;
        }

        string? error = null;
        try
        {
            using var authority = LoadAuthority(ca);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            error = e.Message;
        }

        if (error is not null) yield return $"{path}:CertificateAuthorityPath: '{ca}' holds no PEM certificate ({error}).";
    }

    // A CA file holds a certificate and no key, so CreateFromPemFile (which wants the key too) cannot read it.
    private static X509Certificate2 LoadAuthority(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    /// <summary>The TLS options for one node. With a private CA, a chain must end in that CA; names are always checked.</summary>
    internal SslClientAuthenticationOptions ToSslOptions(string host)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = ServerName ?? host };
        if (CertificateAuthorityPath is { Length: > 0 } caPath)
        {
            var authority = LoadAuthority(caPath);
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { authority },
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }

        return options;
    }
}
