// Command docker29 is a test client that talks to registries the way Docker Engine >= 29 (and
// Docker Desktop) does with the containerd image store: containerd's remotes/docker resolver,
// authorizer, fetcher and pusher, credentials held for the configured registry host only, and
// Docker's User-Agent. Built offline from Debian's containerd 1.6 sources (see test/e2e/docker29.ts).
//
//	docker29 [flags] pull REF LAYOUT_DIR    fetch REF (one platform) into an OCI layout, print its digest
//	docker29 [flags] push LAYOUT_DIR TAG REF push the layout's image tagged TAG to REF, print its digest
//
// What it mirrors in moby (github.com/moby/moby, tag docker-v29.0.0 unless said otherwise):
//   - daemon/containerd/resolver.go, authorizerFromAuthConfig: the credentials callback answers
//     only for the configured host; any other host gets none and a "Host doesn't match" warning.
//   - --auth-mode=primed (default): a newer variant of that file (primeAuthChallenge, credsStrict;
//     seen in a moby/v2 copy, not yet on moby's master or docker-29.x): before the first request,
//     `GET /v2/` on the configured host hands its 401 challenge to the authorizer, and a push stops
//     when another host asks for credentials. --auth-mode=released: no probe, pushes go on anonymously.
//   - daemon/containerd/image_push.go: the pushed ref is REF@digest, remotes.PushContent, all platforms.
//
// Differences left: containerd 1.6's pusher drops credentials when the upload Location's host
// differs from the host the POST was sent to; containerd >= 1.6.25 / 2.x compares with the host that
// answered the POST (after redirects). The same only when the POST is not redirected.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/containerd/containerd/content/local"
	"github.com/containerd/containerd/images"
	"github.com/containerd/containerd/platforms"
	refdocker "github.com/containerd/containerd/reference/docker"
	"github.com/containerd/containerd/remotes"
	"github.com/containerd/containerd/remotes/docker"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/sirupsen/logrus"
)

// defaultUserAgent must stay equal to DOCKER29_USER_AGENT in test/e2e/docker29.ts (which passes it
// with --user-agent anyway). Shape: dockerversion.DockerUserAgent (moby docker-v29.0.0) with the
// containerd-client and storage-driver versions that daemon/containerd/resolver.go appends.
const defaultUserAgent = `docker/29.0.0 go/go1.25.4 git-commit/d105562 kernel/6.8.0-87-generic os/linux arch/amd64 containerd-client/2.1.5+unknown storage-driver/overlayfs UpstreamClient(Docker-Client/29.0.0 \(linux\))`

// authConfig is what the docker CLI resolves from config.json and hands the daemon.
type authConfig struct{ username, password, identityToken string }

func main() {
	fs := flag.NewFlagSet("docker29", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	caFile := fs.String("ca", "", "PEM CA to trust for registry TLS (like /etc/docker/certs.d/<host>/ca.crt)")
	userAgent := fs.String("user-agent", defaultUserAgent, "User-Agent for registry requests")
	configDir := fs.String("docker-config", defaultConfigDir(), "docker config directory (config.json)")
	platform := fs.String("platform", "linux/amd64", "platform to pull from an index")
	mode := fs.String("auth-mode", "primed", "primed (probe /v2/, strict push) or released (Docker 29.0.0)")
	logrus.SetOutput(os.Stderr)
	logrus.SetLevel(logrus.WarnLevel)
	logrus.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true})

	err := fs.Parse(os.Args[1:])
	if err == nil && *mode != "primed" && *mode != "released" {
		err = fmt.Errorf("--auth-mode must be primed or released")
	}
	if err == nil {
		err = run(fs.Args(), options{*caFile, *userAgent, *configDir, *platform, *mode == "primed"})
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "docker29: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		os.Exit(1)
	}
}

type options struct {
	caFile, userAgent, configDir, platform string
	primed                                 bool
}

func run(args []string, o options) error {
	ctx := context.Background()
	switch {
	case len(args) == 3 && args[0] == "pull":
		return pull(ctx, o, args[1], args[2])
	case len(args) == 4 && args[0] == "push":
		return push(ctx, o, args[1], args[2], args[3])
	}
	return errors.New("usage: docker29 [--ca FILE] [--user-agent UA] [--docker-config DIR] [--platform P] [--auth-mode primed|released] (pull REF LAYOUT_DIR | push LAYOUT_DIR TAG REF)")
}

func pull(ctx context.Context, o options, ref, dir string) error {
	named, resolver, err := newResolver(o, ref, false)
	if err != nil {
		return err
	}
	name, desc, err := resolver.Resolve(ctx, named.String())
	if err != nil {
		return err
	}
	fetcher, err := resolver.Fetcher(ctx, name)
	if err != nil {
		return err
	}
	store, err := local.NewStore(dir) // blobs/sha256/<hex>; commits verify size and digest
	if err != nil {
		return err
	}
	p, err := platforms.Parse(o.platform)
	if err != nil {
		return err
	}
	// As containerd's client Pull does for a single platform: one matching manifest from an index.
	matcher := platforms.Only(p)
	children := images.LimitManifests(images.FilterPlatforms(images.ChildrenHandler(store), matcher), matcher, 1)
	if err := images.Dispatch(ctx, images.Handlers(remotes.FetchHandler(store, fetcher), children), nil, desc); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(dir, "ingest")) // the store's scratch space, empty when done
	tag := ""
	if tagged, ok := named.(refdocker.Tagged); ok {
		tag = tagged.Tag()
	}
	if err := writeLayoutIndex(dir, desc, tag); err != nil {
		return err
	}
	fmt.Println(desc.Digest)
	return nil
}

func push(ctx context.Context, o options, dir, tag, ref string) error {
	desc, err := layoutDescriptor(dir, tag)
	if err != nil {
		return err
	}
	named, resolver, err := newResolver(o, ref, true)
	if err != nil {
		return err
	}
	pushRef := named.String()
	if _, digested := named.(refdocker.Digested); !digested {
		pushRef += "@" + desc.Digest.String() // moby: the tag is written for this digest only
	}
	pusher, err := resolver.Pusher(ctx, pushRef)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(filepath.Join(dir, "ingest"))
	store, err := local.NewStore(dir)
	if err != nil {
		return err
	}
	if os.IsNotExist(statErr) {
		defer os.Remove(filepath.Join(dir, "ingest"))
	}
	if err := remotes.PushContent(ctx, pusher, desc, store, nil, platforms.All, nil); err != nil {
		return err
	}
	fmt.Println(desc.Digest)
	return nil
}

// newResolver builds the resolver the daemon builds for one pull or push of ref.
func newResolver(o options, ref string, isPush bool) (refdocker.Named, remotes.Resolver, error) {
	named, err := refdocker.ParseDockerRef(ref)
	if err != nil {
		return nil, nil, err
	}
	domain := refdocker.Domain(named)
	cfgHost := domain
	if cfgHost == "docker.io" || cfgHost == "index.docker.io" {
		cfgHost = "registry-1.docker.io"
	}
	auth, err := loadAuth(o.configDir, domain)
	if err != nil {
		return nil, nil, err
	}
	client, err := httpClient(o.caFile)
	if err != nil {
		return nil, nil, err
	}
	strict := o.primed && isPush
	authorizer := docker.NewDockerAuthorizer(docker.WithAuthClient(client), docker.WithAuthCreds(func(host string) (string, string, error) {
		if !sameHost(cfgHost, host, o.primed) {
			if strict && (auth.password != "" || auth.identityToken != "") {
				return "", "", fmt.Errorf("credentials configured for registry %q do not match the registry host %q; refusing to continue without credentials", cfgHost, host)
			}
			logrus.WithFields(logrus.Fields{"host": host, "cfgHost": cfgHost}).Warn("Host doesn't match")
			return "", "", nil
		}
		if auth.identityToken != "" {
			return "", auth.identityToken, nil
		}
		return auth.username, auth.password, nil
	}))
	base := docker.ConfigureDefaultRegistries(docker.WithClient(client), docker.WithAuthorizer(authorizer))
	var mu sync.Mutex
	seen := map[string][]docker.RegistryHost{}
	hosts := func(name string) ([]docker.RegistryHost, error) {
		mu.Lock()
		defer mu.Unlock()
		if h, ok := seen[name]; ok {
			return h, nil
		}
		h, err := base(name)
		if err == nil && o.primed {
			primeAuthChallenge(h, auth, cfgHost, o.userAgent)
		}
		seen[name] = h
		return h, err
	}
	headers := http.Header{}
	headers.Set("User-Agent", o.userAgent)
	return named, docker.NewResolver(docker.ResolverOptions{Hosts: hosts, Headers: headers}), nil
}

// primeAuthChallenge: GET /v2/ on the configured host (never another) and hand a 401 challenge
// to the authorizer, so the first real request already carries credentials.
func primeAuthChallenge(hosts []docker.RegistryHost, auth authConfig, cfgHost, userAgent string) {
	if auth.password == "" && auth.identityToken == "" {
		return
	}
	for _, host := range hosts {
		if !sameHost(cfgHost, host.Host, true) {
			continue
		}
		req, err := http.NewRequest(http.MethodGet, host.Scheme+"://"+host.Host+"/"+strings.Trim(host.Path, "/")+"/", http.NoBody)
		if err != nil {
			return
		}
		req.Header.Set("User-Agent", userAgent)
		resp, err := host.Client.Do(req)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		if resp.StatusCode == http.StatusUnauthorized {
			_ = host.Authorizer.AddResponses(context.Background(), []*http.Response{resp})
		}
		return
	}
}

// sameHost compares exactly (Docker 29.0.0) or, in primed mode, case- and default-port-insensitively.
func sameHost(cfgHost, host string, normalize bool) bool {
	if !normalize {
		return cfgHost == host
	}
	norm := func(h string) string {
		h = strings.ToLower(h)
		if name, port, err := net.SplitHostPort(h); err == nil && (port == "443" || port == "80") {
			if strings.Contains(name, ":") {
				return "[" + name + "]"
			}
			return name
		}
		return h
	}
	return norm(cfgHost) == norm(host)
}

// httpClient: the transport containerd's hosts configuration gives the daemon
// (docker.DefaultHTTPTransport in containerd 2.1): HTTP/1.1, system roots plus the host's CA.
func httpClient(caFile string) (*http.Client, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", caFile)
		}
		tlsConfig.RootCAs = pool
	}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, FallbackDelay: 300 * time.Millisecond}).DialContext,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		TLSClientConfig:       tlsConfig,
		ExpectContinueTimeout: 5 * time.Second,
	}}, nil
}

// loadAuth resolves credentials for host as the docker CLI does before it calls the daemon:
// credHelpers[host], else credsStore, else auths (exact key, or a key naming the same host).
func loadAuth(configDir, host string) (authConfig, error) {
	var cfg struct {
		Auths       map[string]struct{ Auth, IdentityToken string } `json:"auths"`
		CredHelpers map[string]string                               `json:"credHelpers"`
		CredsStore  string                                          `json:"credsStore"`
	}
	data, err := os.ReadFile(filepath.Join(configDir, "config.json"))
	if os.IsNotExist(err) {
		return authConfig{}, nil
	} else if err != nil {
		return authConfig{}, err
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return authConfig{}, fmt.Errorf("%s: %v", filepath.Join(configDir, "config.json"), err)
	}
	key := host
	if host == "docker.io" {
		key = "https://index.docker.io/v1/"
	}
	if helper := cfg.CredHelpers[key]; helper != "" {
		return helperGet(helper, key)
	}
	if cfg.CredsStore != "" {
		return helperGet(cfg.CredsStore, key)
	}
	for k, entry := range cfg.Auths {
		if k != key && hostname(k) != host {
			continue
		}
		a := authConfig{identityToken: entry.IdentityToken}
		if entry.Auth != "" {
			raw, err := base64.StdEncoding.DecodeString(entry.Auth)
			user, pass, ok := strings.Cut(string(raw), ":")
			if err != nil || !ok {
				return authConfig{}, fmt.Errorf("invalid auth entry for %s in config.json", k)
			}
			a.username, a.password = user, pass
		}
		return a, nil
	}
	return authConfig{}, nil
}

// defaultConfigDir is $DOCKER_CONFIG, else ~/.docker, as the docker CLI picks it.
func defaultConfigDir() string {
	if dir := os.Getenv("DOCKER_CONFIG"); dir != "" {
		return dir
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".docker")
}

func hostname(address string) string {
	address = strings.TrimPrefix(strings.TrimPrefix(address, "http://"), "https://")
	host, _, _ := strings.Cut(address, "/")
	return host
}

// helperGet runs `docker-credential-NAME get` with the server address on stdin.
func helperGet(name, server string) (authConfig, error) {
	cmd := exec.Command("docker-credential-"+name, "get")
	cmd.Stdin = strings.NewReader(server)
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(string(out), "credentials not found in native keychain") {
			return authConfig{}, nil // docker carries on without credentials
		}
		return authConfig{}, fmt.Errorf("error getting credentials from docker-credential-%s: %v", name, err)
	}
	var c struct{ Username, Secret string }
	if err := json.Unmarshal(out, &c); err != nil {
		return authConfig{}, fmt.Errorf("docker-credential-%s answered no JSON", name)
	}
	if c.Username == "<token>" {
		return authConfig{identityToken: c.Secret}, nil
	}
	return authConfig{username: c.Username, password: c.Secret}, nil
}

// layoutDescriptor finds the manifest tagged tag in an OCI layout's index.json.
func layoutDescriptor(dir, tag string) (ocispec.Descriptor, error) {
	var index ocispec.Index
	data, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err == nil {
		err = json.Unmarshal(data, &index)
	}
	if err != nil {
		return ocispec.Descriptor{}, fmt.Errorf("reading %s/index.json: %v", dir, err)
	}
	for _, m := range index.Manifests {
		if m.Annotations[ocispec.AnnotationRefName] == tag {
			return ocispec.Descriptor{MediaType: m.MediaType, Digest: m.Digest, Size: m.Size}, nil
		}
	}
	return ocispec.Descriptor{}, fmt.Errorf("no manifest tagged %q in %s/index.json", tag, dir)
}

// writeLayoutIndex makes dir a complete OCI layout: oci-layout and an index.json naming desc.
func writeLayoutIndex(dir string, desc ocispec.Descriptor, tag string) error {
	if tag != "" {
		desc.Annotations = map[string]string{ocispec.AnnotationRefName: tag}
	}
	index, _ := json.Marshal(ocispec.Index{Versioned: specs.Versioned{SchemaVersion: 2}, MediaType: ocispec.MediaTypeImageIndex, Manifests: []ocispec.Descriptor{desc}})
	if err := os.WriteFile(filepath.Join(dir, ocispec.ImageLayoutFile), []byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.json"), index, 0o644)
}
