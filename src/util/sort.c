/*
 * util/sort.c
 *    A cancellable sort (see sort.h).
 */
#include "pmkt.h"

#include "miscadmin.h"

#include "util/sort.h"

void
pmkt_sort(void *base, size_t n, size_t size,
		  int (*cmp) (const void *a, const void *b, void *arg), void *arg)
{
	char	   *src = base,
			   *dst,
			   *tmp;

	for (size_t lo = 0; lo < n; lo += PMKT_SORT_RUN)
	{
		qsort_arg(src + lo * size, Min(PMKT_SORT_RUN, n - lo), size, cmp, arg);
		CHECK_FOR_INTERRUPTS();
	}
	if (n <= PMKT_SORT_RUN)
		return;
	tmp = palloc_extended(n * size, MCXT_ALLOC_HUGE);
	dst = tmp;
	for (size_t width = PMKT_SORT_RUN; width < n; width *= 2)
	{
		for (size_t lo = 0; lo < n; lo += 2 * width)
		{
			size_t		mid = Min(lo + width, n),
						hi = Min(lo + 2 * width, n),
						i = lo,
						j = mid,
						o = lo;

			/* stable: on equal keys the left run's element goes first */
			while (i < mid && j < hi)
			{
				if (cmp(src + j * size, src + i * size, arg) < 0)
					memcpy(dst + o * size, src + j++ * size, size);
				else
					memcpy(dst + o * size, src + i++ * size, size);
				if ((++o & (PMKT_SORT_RUN - 1)) == 0)
					CHECK_FOR_INTERRUPTS();
			}
			memcpy(dst + o * size, src + i * size, (mid - i) * size);
			o += mid - i;
			memcpy(dst + o * size, src + j * size, (hi - j) * size);
		}
		CHECK_FOR_INTERRUPTS();
		{
			char	   *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != (char *) base)
		memcpy(base, src, n * size);
	pfree(tmp);
}
