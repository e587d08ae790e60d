using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CacheSync.Stores.Cassandra;

namespace CacheSync.Stores.Cassandra.Tests.Store;

public class TlsOptionsTests
{
    private string _directory = null!;

    [SetUp]
    public void MakeDirectory() => _directory = Directory.CreateTempSubdirectory("cachesync-tls-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void A_certificate_only_ca_file_is_accepted_and_trusted_as_the_only_root()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=CacheSync Test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(path, ca.ExportCertificatePem()); // the certificate alone, as a CA file is

        var tls = new CassandraTlsOptions { Enabled = true, CertificateAuthorityPath = path };

        Assert.That(tls.Validate("CacheSync:Cassandra:Tls"), Is.Empty);
        var ssl = tls.ToSslOptions("cassandra-0");
        Assert.That(ssl.TargetHost, Is.EqualTo("cassandra-0"));
        Assert.That(ssl.CertificateChainPolicy!.TrustMode, Is.EqualTo(X509ChainTrustMode.CustomRootTrust));
        Assert.That(ssl.CertificateChainPolicy.CustomTrustStore.Single().Thumbprint, Is.EqualTo(ca.Thumbprint));
    }

    [Test]
    public void A_file_that_is_not_a_certificate_stops_start_up_naming_the_setting()
    {
        var path = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(path, "not a certificate");

        var errors = new CassandraTlsOptions { Enabled = true, CertificateAuthorityPath = path }.Validate("CacheSync:Cassandra:Tls").ToList();

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("CacheSync:Cassandra:Tls:CertificateAuthorityPath:"));
    }

    [Test]
    public void The_server_name_can_be_pinned_for_every_node()
    {
        Assert.That(new CassandraTlsOptions { Enabled = true, ServerName = "cassandra.internal" }.ToSslOptions("10.0.0.7").TargetHost, Is.EqualTo("cassandra.internal"));
    }
}
