using System;
using System.Collections.Generic;

namespace VirtDiag.Timeline
{
    /// <summary>A binary min-heap (netstandard2.0 has no PriorityQueue).</summary>
    internal sealed class MinHeap<T>
    {
        private readonly List<T> _items = new List<T>();
        private readonly Comparison<T> _compare;

        public MinHeap(Comparison<T> compare) { _compare = compare; }

        public int Count => _items.Count;

        public T Peek() => _items[0];

        public void Push(T item)
        {
            _items.Add(item);
            int i = _items.Count - 1;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (_compare(_items[i], _items[parent]) >= 0) break;
                (_items[i], _items[parent]) = (_items[parent], _items[i]);
                i = parent;
            }
        }

        public T Pop()
        {
            T top = _items[0];
            int last = _items.Count - 1;
            _items[0] = _items[last];
            _items.RemoveAt(last);
            int i = 0;
            while (true)
            {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < _items.Count && _compare(_items[l], _items[m]) < 0) m = l;
                if (r < _items.Count && _compare(_items[r], _items[m]) < 0) m = r;
                if (m == i) break;
                (_items[i], _items[m]) = (_items[m], _items[i]);
                i = m;
            }
            return top;
        }
    }
}
