using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>Contact points: host, host:port, IPv4, bracketed IPv6 with a port, bare IPv6.</summary>
public class ContactPointTests
{
    private const int DefaultPort = 9042;

    [TestCase("cassandra", "cassandra", 9042)]
    [TestCase("cassandra:9043", "cassandra", 9043)]
    [TestCase("10.0.0.1:9042", "10.0.0.1", 9042)]
    [TestCase("10.0.0.1", "10.0.0.1", 9042)]
    [TestCase("[::1]:9042", "::1", 9042)]
    [TestCase("[::1]:19042", "::1", 19042)]
    [TestCase("[::1]", "::1", 9042)]
    [TestCase("::1", "::1", 9042)]
    [TestCase("2001:db8::1", "2001:db8::1", 9042)]
    [TestCase("host:1", "host", 1)]
    [TestCase("host:65535", "host", 65535)]
    public void A_contact_point_is_parsed_into_host_and_port(string point, string host, int port)
    {
        Assert.That(CqlSession.ParseContactPoint(point, DefaultPort), Is.EqualTo((host, port)));
    }

    [TestCase("host:abc")]
    [TestCase("host:")]
    [TestCase("host:0")]
    [TestCase("host:65536")]
    [TestCase("host:-1")]
    [TestCase("host:+9042")]
    [TestCase("host: 9042")]
    [TestCase("[::1]:x")]
    [TestCase("[::1]:")]
    [TestCase("[::1]:70000")]
    [TestCase("[::1")]
    public void A_bad_port_or_bracket_is_a_format_error(string point)
    {
        Assert.That(() => CqlSession.ParseContactPoint(point, DefaultPort), Throws.TypeOf<FormatException>());
    }

    [TestCase("")]
    [TestCase("  ")]
    public void An_empty_contact_point_is_an_argument_error(string point)
    {
        Assert.That(() => CqlSession.ParseContactPoint(point, DefaultPort), Throws.InstanceOf<ArgumentException>());
    }
}
