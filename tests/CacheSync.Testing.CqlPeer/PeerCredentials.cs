namespace CacheSync.Testing.CqlPeer;

/// <summary>The user and password the peer's PasswordAuthenticator accepts.</summary>
public sealed record PeerCredentials(string User, string Password);
