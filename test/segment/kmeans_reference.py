#!/usr/bin/python3
"""Reference values for sql/kmeans.sql (run with Debian's /usr/bin/python3:
numpy 1.24, scikit-learn 1.2).  The data are generated with the same IEEE
operations as the test's SQL, so X here is bit-identical to the table."""
import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
np.set_printoptions(precision=17)

def data(n=4000):
    i = np.arange(1, n + 1)
    c = i % 3
    cx = np.array([0.0, 3.0, 0.0])[c]
    cy = np.array([0.0, 3.0, 3.0])[c]
    cz = np.array([0.0, 0.0, 3.0])[c]
    u1 = ((i * 7919) % 1009).astype(float) / 1009
    u2 = ((i * 104729) % 1013).astype(float) / 1013
    u3 = ((i * 1299709) % 1019).astype(float) / 1019
    return np.column_stack([cx + 4 * (u1 - 0.5), cy + 4 * (u2 - 0.5),
                            cz + 4 * (u3 - 0.5) + 0.001 * (i % 7)])

X = data()
C0 = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])

def show(name, km):
    print(name, "n_iter", km.n_iter_, "inertia", repr(km.inertia_))
    print(repr(km.cluster_centers_))
    print("sizes", np.bincount(km.labels_, minlength=km.n_clusters))

for tol in (1e-4, 0.0):
    km = KMeans(3, init=C0, n_init=1, algorithm='lloyd', tol=tol, max_iter=300).fit(X)
    show(f"given tol={tol}", km)

# max_iter = 2: not converged
km = KMeans(3, init=C0, n_init=1, algorithm='lloyd', tol=1e-4, max_iter=2).fit(X)
show("given max_iter=2", km)

# empty cluster at the first iteration: a centroid far from every row
C1 = np.array([[0.0, 0.0, 0.0], [100.0, 100.0, 100.0], [3.0, 3.0, 0.0], [0.0, 3.0, 3.0]])
km = KMeans(4, init=C1, n_init=1, algorithm='lloyd', tol=1e-4, max_iter=300).fit(X)
show("empty cluster", km)

# standardized: sklearn on StandardScaler(X), centroids back in original units
mu = X.mean(axis=0); sd = X.std(axis=0)
Z = (X - mu) / sd
km = KMeans(3, init=(C0 - mu) / sd, n_init=1, algorithm='lloyd', tol=1e-4, max_iter=300).fit(Z)
print("standardized means", repr(mu), "scales", repr(sd))
show("standardized (centroids in z units)", km)
print("centroids in original units", repr(km.cluster_centers_ * sd + mu))

# subtractive clustering (SPEC 2.6, Chiu): ra = 0.5, rb = 0.75 on [0,1]-scaled rows
def density_heads(X, k, ra=0.5, rb=0.75):
    lo, hi = X.min(axis=0), X.max(axis=0)
    S = (X - lo) / np.where(hi > lo, hi - lo, 1)
    D2 = ((S[:, None, :] - S[None, :, :]) ** 2).sum(axis=2)
    dens = np.exp(-4 * D2 / ra ** 2).sum(axis=1)
    heads = []
    for _ in range(k):
        h = int(np.argmax(dens))
        heads.append(h)
        dens = dens - dens[h] * np.exp(-4 * D2[:, h] / rb ** 2)
        dens[h] = -np.inf
    return heads

h = density_heads(X, 3)
print("density heads (1-based rows)", [x + 1 for x in h])
print(repr(X[h]))
km = KMeans(3, init=X[h], n_init=1, algorithm='lloyd', tol=1e-4, max_iter=300).fit(X)
show("density init then lloyd", km)

# silhouette of the labels of given-init models (k = 2, 3, 4 with C0-like starts)
for k, C in ((2, C0[:2]), (3, C0), (4, C1)):
    km = KMeans(k, init=C, n_init=1, algorithm='lloyd', tol=1e-4, max_iter=300).fit(X)
    print("silhouette k", k, repr(silhouette_score(X, km.labels_)), "inertia", repr(km.inertia_))

# kmeans_choose_k(..., 1, 4, sample_size => 4000): the sample is every row,
# so the silhouette is sklearn's silhouette_score over X with the labels of
# the k-means++ (seed 42) models; their centroids, as printed by
# pmkt.kmeans_train('SELECT x FROM km ORDER BY id', k) (same seeding; since
# issue 19 the loader puts the rows in a canonical order first, so these are
# the models for the rows in any order):
PP = {
 2: [[-0.07169555074771775,1.4559852185267232,1.6086940947653767],[2.8663862115531846,2.9412990953113303,-0.05344371539784542]],
 3: [[0.004469376790568755,3.002000580343278,2.997173411967303],[3.0402561957671512,3.021029370477373,-0.031069362539876945],[0.012834415521887485,-0.01883511362747662,-0.005842122248284117]],
 4: [[-0.3543511621215506,3.0460535219565017,3.3660953882284965],[3.3458265375400926,3.034350685187057,-0.33018719719039047],[-0.07438772242404981,-0.1214032246389206,-0.07988441133373232],[1.3906136383731502,2.7125031054349393,1.4715811394424712]],
}
for k, C in PP.items():
    C = np.array(C)
    lab = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    # and Lloyd from these centroids must not move them (they are converged)
    inertia = ((X - C[lab]) ** 2).sum()
    print("pp k", k, "silhouette", repr(silhouette_score(X, lab)), "inertia", repr(inertia))
print("k=1 inertia", repr(((X - X.mean(axis=0)) ** 2).sum()))

# one Lloyd update from C0 (what one kmeans_step pass returns as centroids)
km = KMeans(3, init=C0, n_init=1, algorithm='lloyd', tol=1e-4, max_iter=1).fit(X)
lab0 = ((X[:, None, :] - C0[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
print("one step from C0: centroids", repr(km.cluster_centers_))
print("sizes at C0", np.bincount(lab0, minlength=3), "inertia at C0", repr(((X - C0[lab0]) ** 2).sum()))
print("feature means", repr(X.mean(axis=0)), "variances", repr(X.var(axis=0)))

# km_big: 150 000 x 2 (the threaded in-memory pass), tol = 0
i = np.arange(1, 150001)
XB = np.column_stack([(i % 4).astype(float) * 2 + ((i * 7919) % 1009).astype(float) / 1009,
                      (i % 3).astype(float) + ((i * 104729) % 1013).astype(float) / 1013])
km = KMeans(4, init=np.array([[0.0, 0], [1, 1], [2, 2], [3, 3]]), n_init=1, algorithm='lloyd',
            tol=0, max_iter=300).fit(XB)
show("km_big tol=0", km)
